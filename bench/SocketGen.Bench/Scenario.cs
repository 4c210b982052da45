namespace SocketGen.Bench;

/// <summary>One load pattern: which method, how big its payload, how many connections and calls in flight.</summary>
internal sealed record Scenario(string Name, string Method, int Payload, int Connections, int Depth, string Description)
{
    /// <summary>
    /// The scenarios of issue 8. Echo runs at 32 × 16 like the many-connection Add, except 256 KiB, which
    /// runs 4 × 4 so that 16 calls (4 MiB each way) are in flight instead of 128 MiB.
    /// </summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("add-1x1", "add", 0, 1, 1, "Add, 1 connection x 1 in flight (latency)"),
        new("add-1x64", "add", 0, 1, 64, "Add, 1 connection x 64 in flight (multiplexed)"),
        new("add-32x16", "add", 0, 32, 16, "Add, 32 connections x 16 in flight"),
        new("echo-16b", "echo", 16, 32, 16, "Echo 16 B, 32 x 16"),
        new("echo-4k", "echo", 4096, 32, 16, "Echo 4 KiB, 32 x 16"),
        new("echo-256k", "echo", 256 * 1024, 4, 4, "Echo 256 KiB, 4 x 4"),
    ];
}
