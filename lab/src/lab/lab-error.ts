/** Stable codes for mistakes made when driving a lab, so experiments can tell them apart. */
export type LabErrorCode =
  /** A link name that the lab does not have. */
  | 'LAB_ERR_UNKNOWN_LINK'
  /** A toxic whose attributes Toxiproxy would misbehave on (e.g. bandwidth rate 0 hangs). */
  | 'LAB_ERR_INVALID_TOXIC'
  /** A toxic name already used on the same link. */
  | 'LAB_ERR_TOXIC_EXISTS'
  /** Options that cannot describe a lab (no workers, a negative count). */
  | 'LAB_ERR_INVALID_OPTIONS'
  /** A service, nsqd or Toxiproxy did not become ready in time. */
  | 'LAB_ERR_NOT_READY'
  /** Every port of the lab's range was taken or reserved by another lab. */
  | 'LAB_ERR_NO_FREE_PORT'
  /** The api answered a lab helper with something other than what it asked for. */
  | 'LAB_ERR_API_REQUEST'
  /** The container runtime found no working Docker engine. */
  | 'LAB_ERR_DOCKER_UNAVAILABLE'
  /** A lab image could not be built (a tool missing, a build or import failing). */
  | 'LAB_ERR_IMAGE_BUILD';

export class LabError extends Error {
  readonly code: LabErrorCode;

  constructor(code: LabErrorCode, message: string, options?: ErrorOptions) {
    super(`${code}: ${message}`, options);
    this.name = 'LabError';
    this.code = code;
  }
}
