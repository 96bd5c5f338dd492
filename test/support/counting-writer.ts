import type { DirectoryChange, DirectoryWriter } from '../../src/domain/directory-writer';

/** A writer that counts the writes that reach the directory: exactly-once is measured here. */
export class CountingWriter implements DirectoryWriter {
  readonly writes: DirectoryChange[] = [];
  constructor(private readonly inner: DirectoryWriter) {}
  readAccount(dn: string) {
    return this.inner.readAccount(dn);
  }
  async write(change: DirectoryChange): Promise<void> {
    await this.inner.write(change);
    this.writes.push(change);
  }
  close() {
    return this.inner.close();
  }
}
