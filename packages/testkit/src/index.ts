/**
 * Fixtures for tests on real services: PostgreSQL databases, Redis key spaces, locally built Docker
 * images, an S3 server, loopback listeners, waiting helpers and test wallets. The vitest hooks live
 * apart in `@horde/testkit/vitest`, so that this entry point can be used outside a test run too.
 */
export * from './errors';
export * from './wait';
export * from './postgres';
export * from './redis';
export * from './docker';
export * from './container';
export * from './images';
export * from './s3';
export * from './net';
export * from './wallets';
export * from './peers';
export * from './bench';
