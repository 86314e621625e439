import "./styles.css";
import "./shell/app";
