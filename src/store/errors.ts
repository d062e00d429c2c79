/**
 * Store errors carry a stable `code` so the HTTP layer and logs can tell them apart. Messages are meant for an
 * operator and never include a token, a key or a key file's content.
 */
export type StoreErrorCode =
  | 'STORE_SECRET_KEY_MISSING'
  | 'STORE_KEY_FILE_INVALID'
  | 'STORE_KEY_MISMATCH'
  | 'STORE_ROW_TAMPERED'
  | 'STORE_SCHEMA_TOO_NEW'
  | 'STORE_INVALID_ARGUMENT'
  | 'STORE_CLOSED'
  | 'STORE_WRITE_ABANDONED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_FENCED';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class StoreSecretKeyMissingError extends StoreError {
  constructor() {
    super(
      'STORE_SECRET_KEY_MISSING',
      'SECRET_KEY is required to encrypt stored tokens (generate one with `openssl rand -hex 32`)',
    );
  }
}

export class StoreKeyFileInvalidError extends StoreError {
  constructor(keyFile: string, why: string) {
    super('STORE_KEY_FILE_INVALID', `The generated key file ${keyFile} is unusable (${why}); fix or remove it`);
  }
}

/** The tokens were encrypted under a different SECRET_KEY: they cannot be read, only replaced by reconnecting. */
export class StoreKeyMismatchError extends StoreError {
  readonly realmId: string;

  constructor(realmId: string) {
    super(
      'STORE_KEY_MISMATCH',
      `The tokens stored for realm ${realmId} were encrypted with a different SECRET_KEY: SECRET_KEY changed since ` +
        'they were saved. Restore the previous SECRET_KEY or reconnect the company.',
    );
    this.realmId = realmId;
  }
}

/** The key is right but the row fails authentication: it was altered or copied from another realm. */
export class StoreRowTamperedError extends StoreError {
  readonly realmId: string;

  constructor(realmId: string) {
    super(
      'STORE_ROW_TAMPERED',
      `The tokens stored for realm ${realmId} fail their integrity check (altered or moved from another realm); ` +
        'reconnect the company.',
    );
    this.realmId = realmId;
  }
}

export class StoreSchemaTooNewError extends StoreError {
  constructor(file: string, found: number, known: number) {
    super(
      'STORE_SCHEMA_TOO_NEW',
      `${file} has schema version ${found} but this build knows only up to ${known}: ` +
        'it was written by a newer qbo-cache. Run that version or restore a backup.',
    );
  }
}

export class StoreInvalidArgumentError extends StoreError {
  constructor(message: string) {
    super('STORE_INVALID_ARGUMENT', message);
  }
}

export class StoreClosedError extends StoreError {
  constructor() {
    super('STORE_CLOSED', 'The store is closed');
  }
}

/** A sliced snapshot replacement stopped because its caller no longer wanted it; nothing was changed. */
export class StoreWriteAbandonedError extends StoreError {
  constructor() {
    super('STORE_WRITE_ABANDONED', 'the snapshot replacement was abandoned before it was committed; the stored snapshot is unchanged');
  }
}

/** The database could not be reached (PostgreSQL down, the network cut): nothing was changed, try again later. */
export class StoreUnavailableError extends StoreError {
  constructor(cause: unknown) {
    super('STORE_UNAVAILABLE', `The store's database cannot be reached (${cause instanceof Error ? cause.message : String(cause)})`);
    this.cause = cause;
  }
}

/**
 * A write made under a lease that is no longer the company's (another process took it), or for a company disconnected
 * meanwhile: refused, nothing changed.
 */
export class StoreFencedError extends StoreError {
  constructor(realmId: string, epoch: number, disconnected = false) {
    super(
      'STORE_FENCED',
      disconnected
        ? `Company ${realmId} was disconnected: the write of its leader (epoch ${epoch}) was refused`
        : `The lease of company ${realmId} moved past epoch ${epoch}: this process no longer leads it, its write was refused`,
    );
  }
}
