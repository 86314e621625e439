// Helpers for the tests that run the API as operators do (`lk serve` children, real ports).
import { createServer } from "node:net";

/** A port nothing listens on right now (the OS picks it; released before it is returned). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Whether a process with this id is still running. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
