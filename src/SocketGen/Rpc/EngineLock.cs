// The engine's hot locks (per connection and per frame writer) are taken several times per call.
// System.Threading.Lock (net9.0 and later) is cheaper to enter and exit than Monitor on a plain object,
// and like Monitor it is re-entrant; net8.0 keeps Monitor.
#if NET9_0_OR_GREATER
global using EngineLock = System.Threading.Lock;
#else
global using EngineLock = System.Object;
#endif
