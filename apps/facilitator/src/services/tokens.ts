import { errors, jwtVerify, SignJWT } from 'jose';
import { facilitatorErrors } from '../errors';

export interface TokenOptions {
  /** HMAC key of the HS256 tokens (the facilitator secret). */
  readonly secret: string;
  /** Token lifetime, seconds (reference JWT_LIFETIME: 3600). */
  readonly lifetimeS: number;
}

/** Session tokens: JWT HS256 `{sub: hotkey, iat, exp}`, as the reference issues them. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(private readonly options: TokenOptions) {
    this.key = new TextEncoder().encode(options.secret);
  }

  issue(hotkey: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(hotkey)
      .setIssuedAt()
      .setExpirationTime(`${this.options.lifetimeS}s`)
      .sign(this.key);
  }

  /** The hotkey of a valid token; AUTH_TOKEN_EXPIRED or AUTH_TOKEN_INVALID otherwise. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw facilitatorErrors.error('AUTH_TOKEN_INVALID', 'no subject');
      return payload.sub;
    } catch (err) {
      if (facilitatorErrors.is(err)) throw err;
      if (err instanceof errors.JWTExpired) throw facilitatorErrors.error('AUTH_TOKEN_EXPIRED', undefined, { cause: err });
      throw facilitatorErrors.error('AUTH_TOKEN_INVALID', undefined, { cause: err });
    }
  }
}
