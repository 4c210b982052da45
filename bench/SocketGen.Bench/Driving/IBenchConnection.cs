namespace SocketGen.Bench.Driving;

/// <summary>
/// One connection of a client under test (SocketGen's generated client or a peer's own client), seen by the
/// load driver: the two bench calls, safe to make concurrently, as each stack's client allows.
/// </summary>
internal interface IBenchConnection : IAsyncDisposable
{
    /// <summary>Calls Add and returns the sum the server answered.</summary>
    ValueTask<int> AddAsync(int a, int b);

    /// <summary>Calls Echo and returns the length of the bytes the server sent back.</summary>
    ValueTask<int> EchoAsync(byte[] data);
}
