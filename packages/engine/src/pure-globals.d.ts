/**
 * The engine compiles without Node or DOM types, so nothing here can read a file or a socket.
 * structuredClone is the one host global it uses: pure, and present in every runtime it targets.
 */
declare function structuredClone<T>(value: T): T;
