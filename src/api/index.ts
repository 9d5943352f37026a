/** The REST API: its generated types (`types`) and the client (`client`). */
export * from './types';
export * from './client';
