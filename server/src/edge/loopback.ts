/**
 * This machine: the whole 127.0.0.0/8 block, ::1, and IPv4 loopback seen through an IPv6 socket. The
 * rate limits and the login throttle leave it alone unless asked, and must agree on what it is.
 */
export const isLoopback = (address: string): boolean => address === '::1' || /^(::ffff:)?127\./.test(address);
