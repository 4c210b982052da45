using System.Diagnostics;
using SocketGen.Diagnostics;
using SocketGen.Rpc;

namespace SocketGen.Connections;

/// <summary>The connection-level metrics and log lines of an accepted connection.</summary>
internal sealed partial class FramedConnection
{
    private long _openedAt;

    private void OnOpened()
    {
        if (!_settings.IsAccepted)
        {
            return;
        }

        _openedAt = Stopwatch.GetTimestamp();
        if (SocketGenMetrics.ServerActiveConnections.Enabled)
        {
            SocketGenMetrics.ServerActiveConnections.Add(1);
        }

        if (_settings.Logger is { } logger)
        {
            ProductionLog.ConnectionAccepted(logger, Remote, _stream.Tls is not null);
        }
    }

    private void OnClosed(ConnectionClosure closure)
    {
        if (!_settings.IsAccepted)
        {
            return;
        }

        if (SocketGenMetrics.ServerActiveConnections.Enabled)
        {
            SocketGenMetrics.ServerActiveConnections.Add(-1);
        }

        if (SocketGenMetrics.ServerConnectionDuration.Enabled)
        {
            SocketGenMetrics.ServerConnectionDuration.Record(Stopwatch.GetElapsedTime(_openedAt).TotalSeconds);
        }

        if (!IsHandshakeDone && closure.Reason is not CloseReason.PeerClosed and not CloseReason.ServerStopped)
        {
            SocketGenMetrics.RecordRejected(closure.Reason);
        }

        if (_settings.Logger is { } logger)
        {
            if (closure.IsAbnormal)
            {
                RpcLog.ConnectionClosedOnError(logger, Remote, closure.Reason, closure.Detail, closure.Cause);
            }
            else
            {
                RpcLog.ConnectionClosed(logger, Remote, closure.Reason, closure.Detail);
            }
        }
    }
}
