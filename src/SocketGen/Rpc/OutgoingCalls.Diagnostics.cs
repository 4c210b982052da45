using System.Diagnostics;
using SocketGen.Diagnostics;
using SocketGen.Framing;

namespace SocketGen.Rpc;

/// <summary>Spans and metrics of the calls a connection makes.</summary>
internal sealed partial class OutgoingCalls
{
    /// <summary>
    /// Counts the call and starts its client span. Returns the flag to add to the request frame when the span's
    /// context is to travel with it (only to servers that announced support), and makes the span current for
    /// the write so the frame writer can read it; <see cref="EndCallStart"/> restores the caller's.
    /// </summary>
    private FrameFlags BeginCallStart(PendingCall? call, uint methodId, out Activity? previous)
    {
        previous = null;
        if (SocketGenMetrics.ClientCallsStarted.Enabled)
        {
            SocketGenMetrics.ClientCallsStarted.Add(1, new KeyValuePair<string, object?>(SocketGenMetrics.MethodIdTag, methodId));
        }

        Activity? activity = SocketGenTracing.StartClientCall(methodId);
        if (activity is null)
        {
            return FrameFlags.None;
        }

        if (call is not null)
        {
            call.Activity = activity;
        }

        // Minor version 1 and later accept trace context.
        if (_connection.PeerMinorVersion < 1)
        {
            if (call is null)
            {
                SocketGenTracing.Stop(activity, null);
            }

            return FrameFlags.None;
        }

        previous = Activity.Current;
        Activity.Current = activity;
        return FrameFlags.HasTraceContext;
    }

    internal static void EndOneWayStart(FrameFlags flags, Activity? previous) => EndCallStart(null, flags, previous);

    private static void EndCallStart(PendingCall? call, FrameFlags flags, Activity? previous)
    {
        if ((flags & FrameFlags.HasTraceContext) == 0)
        {
            return;
        }

        Activity? activity = Activity.Current;
        Activity.Current = previous;
        if (call is null && activity is not null)
        {
            // A one-way call's span ends when the frame is handed to the transport.
            SocketGenTracing.Stop(activity, null);
        }
    }
}

/// <summary>Restores the caller's current activity after a one-way call's frame was written.</summary>
internal readonly struct ActivityRestore(FrameFlags flags, Activity? previous) : IDisposable
{
    public void Dispose() => OutgoingCalls.EndOneWayStart(flags, previous);
}
