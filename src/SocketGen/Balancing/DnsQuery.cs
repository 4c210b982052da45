using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketGen.Balancing;

/// <summary>
/// A minimal stub resolver (RFC 1035): asks one DNS server over UDP for a name's A and AAAA records, with
/// recursion desired, and returns the addresses of both answers. Used when a balanced client is pointed at a
/// name server of its own (a cluster DNS, a test's dnsmasq) rather than the machine's resolver.
/// </summary>
internal static class DnsQuery
{
    private const ushort TypeA = 1;
    private const ushort TypeAaaa = 28;
    private const int Attempts = 3;
    private static readonly TimeSpan s_attemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The A and AAAA addresses of <paramref name="host"/>: empty when the name does not exist or has none.</summary>
    /// <exception cref="SocketException">The server did not answer (<see cref="SocketError.TimedOut"/>) or failed (<see cref="SocketError.TryAgain"/>).</exception>
    public static async ValueTask<IReadOnlyList<IPAddress>> QueryAddressesAsync(IPEndPoint server, string host, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        ushort idA = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        ushort idAaaa = unchecked((ushort)(idA + 1));
        byte[] queryA = BuildQuery(idA, host, TypeA);
        byte[] queryAaaa = BuildQuery(idAaaa, host, TypeAaaa);
        var buffer = new byte[1500];
        List<IPAddress>? a = null;
        List<IPAddress>? aaaa = null;
        SocketException? error = null;
        for (int attempt = 0; attempt < Attempts && (a is null || aaaa is null); attempt++)
        {
            if (a is null)
            {
                await socket.SendAsync(queryA, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            if (aaaa is null)
            {
                await socket.SendAsync(queryAaaa, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_attemptTimeout);
            try
            {
                while (a is null || aaaa is null)
                {
                    int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    ReadOnlySpan<byte> response = buffer.AsSpan(0, length);
                    if (response.Length < 12)
                    {
                        continue;
                    }

                    ushort id = BinaryPrimitives.ReadUInt16BigEndian(response);
                    if (id == idA && a is null)
                    {
                        a = ParseAnswers(response, TypeA, host, ref error);
                    }
                    else if (id == idAaaa && aaaa is null)
                    {
                        aaaa = ParseAnswers(response, TypeAaaa, host, ref error);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within this attempt's time: ask again for what is missing.
            }
        }

        if (a is null || aaaa is null)
        {
            throw new SocketException((int)SocketError.TimedOut, $"The DNS server {server} did not answer for '{host}'.");
        }

        // One family failing (a server that refuses AAAA, say) does not hide the other's addresses.
        if (error is not null && a.Count == 0 && aaaa.Count == 0)
        {
            throw error;
        }

        a.AddRange(aaaa);
        return a;
    }

    internal static byte[] BuildQuery(ushort id, string host, ushort type)
    {
        var query = new List<byte>(32 + host.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0x0100); // a standard query, recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1); // one question
        query.AddRange(header.ToArray());
        foreach (string label in host.TrimEnd('.').Split('.'))
        {
            byte[] bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{host}' is not a valid DNS name.", nameof(host));
            }

            query.Add((byte)bytes.Length);
            query.AddRange(bytes);
        }

        query.Add(0);
        query.Add((byte)(type >> 8));
        query.Add((byte)type);
        query.Add(0);
        query.Add(1); // class IN
        return query.ToArray();
    }

    /// <summary>
    /// The addresses of the answer records of <paramref name="type"/>: none for a name that does not exist, none
    /// with <paramref name="error"/> set when the server answered with an error; a malformed response throws.
    /// </summary>
    internal static List<IPAddress> ParseAnswers(ReadOnlySpan<byte> response, ushort type, string host, ref SocketException? error)
    {
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(response[2..]);
        int rcode = flags & 0xF;
        if (rcode == 3)
        {
            return new List<IPAddress>(); // NXDOMAIN: the name has no servers now
        }

        if (rcode != 0)
        {
            error = new SocketException((int)SocketError.TryAgain, $"The DNS server answered '{host}' with error code {rcode}.");
            return new List<IPAddress>();
        }

        int questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        int offset = 12;
        for (int i = 0; i < questions; i++)
        {
            offset = SkipName(response, offset) + 4;
        }

        var addresses = new List<IPAddress>();
        for (int i = 0; i < answers; i++)
        {
            offset = SkipName(response, offset);
            ushort recordType = BinaryPrimitives.ReadUInt16BigEndian(response[offset..]);
            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(response[(offset + 8)..]);
            offset += 10;
            ReadOnlySpan<byte> data = response.Slice(offset, dataLength);
            if (recordType == type && ((type == TypeA && dataLength == 4) || (type == TypeAaaa && dataLength == 16)))
            {
                addresses.Add(new IPAddress(data));
            }

            offset += dataLength;
        }

        return addresses;
    }

    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            byte length = message[offset];
            if (length == 0)
            {
                return offset + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                return offset + 2; // a compression pointer ends the name
            }

            offset += 1 + length;
        }
    }
}
