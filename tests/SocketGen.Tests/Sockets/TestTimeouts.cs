namespace SocketGen.Tests.Sockets;

/// <summary>Bounds for socket tests: nothing may hang.</summary>
internal static class TestTimeouts
{
    /// <summary>A token that fires long after any healthy operation on loopback finishes.</summary>
    public static CancellationToken Guard(int seconds = 5) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
