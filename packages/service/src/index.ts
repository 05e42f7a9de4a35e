/**
 * @horde/service: the kit every Horde app is built from. Config (defineEnv), logs (createLogger),
 * HTTP (createHttpServer: health, metrics, JSON errors; registerVersion: /version), typed WebSocket channels
 * (registerTypedSocket / connectTypedSocket), graceful shutdown and the database (openDatabase).
 */
export { CloseCode, ReferenceFacilitatorCloseCode } from './close-codes';
export { serviceErrors } from './errors';
export type { ServiceErrorCode } from './errors';
export { defineEnv } from './env';
export type { EnvDefinition, EnvOptions, EnvSource } from './env';
export { ALWAYS_REDACTED_KEYS, REDACTED, createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { createShutdown } from './shutdown';
export type { Shutdown, ShutdownHook, ShutdownOptions, ShutdownResult } from './shutdown';
export { createHttpServer } from './http';
export type { HttpServer, HttpServerOptions } from './http';
export type { CheckResult, HealthBody, HealthCheck } from './health';
export type { ErrorBody, ErrorIssue } from './http-errors';
export { Counter, Gauge, HTTP_DURATION_METRIC, Histogram, createMetricsRegistry } from './metrics';
export type { MetricsOptions, Registry } from './metrics';
export { parseExposition, sampleValue } from './metrics-text';
export type { Sample } from './metrics-text';
export { registerVersion, versionBody } from './version';
export type { VersionBody, VersionOptions } from './version';
export { DEFAULT_MAX_FRAME_BYTES, PING_FRAME } from './typed-socket';
export type { CloseInfo, ConnectionSetup, FrameError, Handlers, MessageSchema, MessageTypeOf, OutboundSchema, TypedConnection, TypedSocketOptions } from './typed-socket';
export { registerTypedSocket } from './socket-server';
export type { ServerSocketOptions } from './socket-server';
export { connectTypedSocket } from './socket-client';
export type { ClientSocketOptions } from './socket-client';
export { databaseOpener, openDatabase } from './db';
export type { AppDatabaseOptions, Database, DatabaseHandle, OpenDatabaseOptions } from './db';
export { periodic } from './periodic';
export type { PeriodicTask, RunOutcome } from './periodic';
