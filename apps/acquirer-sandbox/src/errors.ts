export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An error the API reports as JSON `{ code, message, errors? }` with this HTTP status. */
export class SandboxError extends Error {
  readonly status: 400 | 401 | 404 | 409 | 422;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  constructor(status: SandboxError["status"], code: string, message: string, errors?: FieldError[]) {
    super(message);
    this.name = "SandboxError";
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}
