using System.Net;
using System.Net.Sockets;
using SocketGen.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// Connects to the first of several addresses that answers, as RFC 8305 (Happy Eyeballs v2) describes: addresses
/// interleaved by family, a new attempt every Connection Attempt Delay (or as soon as one fails) without
/// cancelling the earlier ones, the first success wins and every other socket is closed.
/// </summary>
internal static class HappyEyeballs
{
    /// <summary>Orders addresses for connecting: the resolver's first family first, then alternating (First Address Family Count = 1).</summary>
    public static IReadOnlyList<IPEndPoint> Interleave(IReadOnlyList<IPEndPoint> endPoints)
    {
        if (endPoints.Count < 2)
        {
            return endPoints;
        }

        var preferred = endPoints[0].AddressFamily;
        var first = new List<IPEndPoint>();
        var second = new List<IPEndPoint>();
        foreach (var endPoint in endPoints)
        {
            (endPoint.AddressFamily == preferred ? first : second).Add(endPoint);
        }

        var ordered = new List<IPEndPoint>(endPoints.Count);
        for (int i = 0; i < Math.Max(first.Count, second.Count); i++)
        {
            if (i < first.Count)
            {
                ordered.Add(first[i]);
            }

            if (i < second.Count)
            {
                ordered.Add(second[i]);
            }
        }

        return ordered;
    }

    /// <summary>Races connection attempts; returns the winner's socket, or throws one error that lists every attempt.</summary>
    /// <param name="target">What the caller asked for, for the error message (host:port).</param>
    /// <param name="endPoints">The addresses, already interleaved.</param>
    /// <param name="options">Attempt delay and the attempt itself.</param>
    /// <param name="timeoutToken">Cancelled when the overall connect timeout expires.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async ValueTask<Socket> ConnectAsync(string target, IReadOnlyList<IPEndPoint> endPoints, ConnectOptions options,
        CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        var connectAttempt = options.ConnectAttempt ?? ConnectOneAsync;
        using var attemptsCancellation = CancellationTokenSource.CreateLinkedTokenSource(timeoutToken, cancellationToken);
        var attemptsToken = attemptsCancellation.Token;
        var running = new List<(Task<Socket> Task, IPEndPoint EndPoint)>();
        var failures = new List<(IPEndPoint EndPoint, SocketError Error, string Message)>();
        Task? delay = null;
        int next = 0;
        try
        {
            while (true)
            {
                if (delay is null && next < endPoints.Count && !attemptsToken.IsCancellationRequested)
                {
                    var endPoint = endPoints[next++];
                    running.Add((StartAttempt(connectAttempt, endPoint, attemptsToken), endPoint));
                    if (next < endPoints.Count)
                    {
                        delay = Task.Delay(Timing.Timeouts.ForTimer(options.AttemptDelay), attemptsToken);
                    }
                }

                if (running.Count == 0)
                {
                    break; // every address has been tried and has failed
                }

                var waitingOn = new List<Task>(running.Count + 1);
                foreach (var attempt in running)
                {
                    waitingOn.Add(attempt.Task);
                }

                if (delay is not null)
                {
                    waitingOn.Add(delay);
                }

                var finished = await Task.WhenAny(waitingOn).ConfigureAwait(false);
                if (finished == delay)
                {
                    delay = null; // the attempt delay passed: start the next address alongside
                    continue;
                }

                int index = running.FindIndex(attempt => attempt.Task == finished);
                var (task, attemptEndPoint) = running[index];
                running.RemoveAt(index);
                if (task.IsCompletedSuccessfully)
                {
                    return task.Result;
                }

                // A cancelled task carries no exception: treat it as the OperationCanceledException it stands for.
                var exception = task.IsCanceled ? new OperationCanceledException() : task.Exception?.InnerException;
                failures.Add(Describe(attemptEndPoint, exception, timeoutToken));
                delay = null; // a failure starts the next address at once (RFC 8305 section 5)
            }
        }
        finally
        {
            // Losers: cancel them, wait for them, and close any that connected anyway. Runs on every path.
            attemptsCancellation.Cancel();
            foreach (var (task, _) in running)
            {
                try
                {
                    var loser = await task.ConfigureAwait(false);
                    loser.Dispose();
                }
#pragma warning disable CA1031 // Whatever a losing attempt failed with, it has closed its own socket; the outcome is decided.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw AllFailed(target, failures, notTried: endPoints.Count - next);
    }

    /// <summary>Ranks errors by how much they say about the target; lower is more telling.</summary>
    /// <remarks>
    /// A refusal proves the host is there and the port closed: the real answer. A timeout says packets vanish.
    /// Unreachable networks and unsupported families usually only mean one family has no route, which is noise
    /// beside an answer from the other family.
    /// </remarks>
    internal static int Rank(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => 0,
        SocketError.TimedOut => 1,
        SocketError.HostUnreachable or SocketError.HostDown => 3,
        SocketError.NetworkUnreachable or SocketError.NetworkDown => 4,
        SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable or SocketError.ProtocolNotSupported => 5,
        SocketError.OperationAborted => 6,
        _ => 2,
    };

    private static Task<Socket> StartAttempt(Func<IPEndPoint, CancellationToken, ValueTask<Socket>> connectAttempt, IPEndPoint endPoint, CancellationToken token)
    {
        try
        {
            return connectAttempt(endPoint, token).AsTask();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return Task.FromException<Socket>(ex); // socket() itself failed, e.g. no IPv6 in this kernel
        }
    }

    private static async ValueTask<Socket> ConnectOneAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static (IPEndPoint, SocketError, string) Describe(IPEndPoint endPoint, Exception? exception, CancellationToken timeoutToken) => exception switch
    {
        SocketException socketException => (endPoint, socketException.SocketErrorCode, socketException.Message),
        OperationCanceledException when timeoutToken.IsCancellationRequested => (endPoint, SocketError.TimedOut, "the connect timeout expired"),
        OperationCanceledException => (endPoint, SocketError.OperationAborted, "cancelled"),
        null => (endPoint, SocketError.SocketError, "unknown failure"),
        _ => (endPoint, SocketError.SocketError, exception.Message),
    };

    private static SocketException AllFailed(string target, List<(IPEndPoint EndPoint, SocketError Error, string Message)> failures, int notTried)
    {
        var mostTelling = SocketError.SocketError;
        int bestRank = int.MaxValue;
        var details = new List<string>(failures.Count);
        foreach (var (endPoint, error, message) in failures)
        {
            details.Add($"{SocketErrors.Describe(endPoint)}: {error} ({message})");
            if (Rank(error) < bestRank)
            {
                bestRank = Rank(error);
                mostTelling = error;
            }
        }

        string tried = failures.Count == 1 ? "1 address" : $"{failures.Count} addresses";
        string untried = notTried > 0 ? $"; {notTried} more not tried before the timeout" : string.Empty;
        return new SocketException((int)mostTelling, $"Could not connect to {target} ({tried} tried{untried}): {string.Join("; ", details)}.");
    }
}
