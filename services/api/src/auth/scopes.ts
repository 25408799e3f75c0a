/** What a token may do. A route names the one scope it needs. */
export const SCOPES = {
  publish: 'events:publish',
  manageEndpoints: 'endpoints:manage',
  /** Reading a signing secret back and rotating it: a secret is in both answers. */
  endpointSecrets: 'endpoints:secrets',
  readDeliveries: 'deliveries:read',
  replay: 'deliveries:replay',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/** The verified identity behind a request: a tenant and what its token allows. */
export interface Principal {
  tenantId: string;
  scopes: ReadonlySet<string>;
}
