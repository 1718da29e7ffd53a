import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import ipaddr from 'ipaddr.js';
import { EndpointFailure } from './endpoint-runner';

/**
 * The sandbox calls a URL a firm chose: without a guard that is server-side request forgery (the registry's
 * loopback services, the cloud metadata address 169.254.169.254, the private network behind it). Only public
 * unicast addresses are called unless the operator allows private ones (SANDBOX_ENDPOINT_ALLOW_PRIVATE).
 * The address is checked where the connection is made (a DNS lookup hook), so a name that resolves to a public
 * address when the run is requested and to a private one when it is called (DNS rebinding) is still refused.
 */
export const isPublicAddress = (address: string): boolean => {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
};

const literalHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export const forbiddenAddress = (host: string, address: string) =>
  new EndpointFailure('ENDPOINT_FORBIDDEN_ADDRESS', `${host} is at ${address}, which is not a public address: the sandbox calls only public addresses`);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses any non-public address the name resolves to. */
export const guardedLookup =
  (allowPrivate: boolean) =>
  (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(forbiddenAddress(hostname, refused.address) as unknown as NodeJS.ErrnoException, []);
      if (list.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };

/**
 * Where a run is requested: the endpoint's host must resolve, and only to public addresses (a clear refusal
 * then, rather than a run that fails later). Returns the problem, or undefined.
 */
export const endpointProblem = async (endpoint: string, allowPrivate: boolean): Promise<string | undefined> => {
  const url = new URL(endpoint);
  const host = literalHost(url);
  if (allowPrivate) return undefined;
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? undefined : `endpoint must be at a public address; ${host} is not`;
  try {
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) => dnsLookup(host, { all: true }, (e, a) => (e ? reject(e) : resolve(a))));
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    return refused ? `endpoint must be at a public address; ${host} resolves to ${refused.address}` : undefined;
  } catch {
    return `endpoint's host ${host} could not be resolved`;
  }
};

/**
 * POSTs one batch to a firm's endpoint: redirects are not followed (a 3xx is an HTTP error), the answer is
 * limited to `maxBytes`, the whole exchange to `timeoutMs`, and only allowed addresses are connected to.
 *
 * Every emitter of the exchange has an 'error' listener for as long as it lives (the request, its socket, the
 * response), and the first outcome settles the promise; anything after that is swallowed. Without that, a model
 * server that answers early (a 404 before reading a large body) and closes the connection makes the socket emit
 * `write EPIPE` / `ECONNRESET` after the request settled, with no listener: the process died, and since the run
 * stays REQUESTED and is resumed at start, it died again at every start. Each call has its own connection
 * (`agent: false`, no keep-alive pool), so a listener is never left on a pooled socket and a socket an earlier
 * call broke is never reused. An answer whose status arrived before the connection broke is judged by its status
 * when that is not 2xx (a 404 stays an HTTP error, not a network one); a 2xx cut off mid-body is a network error.
 */
export const guardedPost =
  (allowPrivate: boolean) =>
  (endpoint: string, body: string, timeoutMs: number, maxBytes: number): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const url = new URL(endpoint);
      const host = literalHost(url);
      // A literal address is connected to without a lookup: checked here.
      if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) return reject(forbiddenAddress(host, host));
      let settled = false;
      let status: number | undefined;
      const chunks: Buffer[] = [];
      const done = (error: Error | null, answer?: { status: number; text: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Stop sending what is left of the body (the server answered or the call is over); errors this raises are swallowed.
        if (!request.destroyed) request.destroy();
        if (error) reject(error);
        else resolve(answer!);
      };
      const broken = (error: Error) => {
        // The status line came before the break: a refusal (4xx, 5xx, 3xx) is judged by it.
        if (status !== undefined && (status < 200 || status >= 300)) done(null, { status, text: Buffer.concat(chunks).toString('utf8') });
        else done(error);
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        url,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
          lookup: guardedLookup(allowPrivate) as never,
        },
        (response) => {
          status = response.statusCode ?? 0;
          response.on('error', broken);
          const tooLarge = () => new EndpointFailure('ENDPOINT_BAD_ANSWER', `the answer is larger than ${maxBytes} bytes`);
          if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
            response.destroy();
            return done(tooLarge());
          }
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              response.destroy();
              done(tooLarge());
            } else chunks.push(chunk);
          });
          response.on('end', () => done(null, { status: status!, text: Buffer.concat(chunks).toString('utf8') }));
          // Closed without 'end' or 'error' (destroyed mid-body): cut off.
          response.on('close', () => {
            if (!response.complete) broken(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
          });
        },
      );
      request.on('error', broken);
      // The socket's own errors (a write after the server closed: EPIPE, ECONNRESET) for as long as it lives.
      request.on('socket', (socket) => socket.on('error', broken));
      const timer = setTimeout(() => done(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
      request.end(body);
    });
