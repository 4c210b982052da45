using System.Diagnostics;

namespace SocketGen.Rpc;

/// <summary>What a server call carries for metrics and tracing.</summary>
public sealed partial class RpcServerCall
{
    /// <summary>When the call started (a <see cref="Stopwatch"/> timestamp), or 0 when durations are not measured.</summary>
    internal long StartedAt { get; set; }

    /// <summary>"ok", or the name of the error code the call was answered with; null until the call is counted as started.</summary>
    internal string? Status { get; set; }

    /// <summary>The call's server span, when tracing is on.</summary>
    internal Activity? Activity { get; set; }
}
