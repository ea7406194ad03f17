/** A command line option the run cannot use (`--cluster`, `--dist`, `--base`): exit 2, with the message only. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
