/**
 * This machine, as a process on it connects by default: 127.0.0.1, ::1, and 127.0.0.1 seen through an
 * IPv6 socket. The rate limits and the login throttle leave it alone unless asked, and agree on what it
 * is. Other 127.x.y.z addresses count as addresses of their own: a test or the load driver binds to them
 * to play many machines, and a real client never comes from them by accident.
 */
const THIS_MACHINE = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const isLoopback = (address: string): boolean => THIS_MACHINE.has(address);
