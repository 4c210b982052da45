using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Health;

/// <summary>
/// The standard health contract every SocketGen server can serve beside its own: one unary method,
/// <c>ServingStatus CheckAsync(string contract)</c>, with a fixed wire id. Written by hand because the runtime is
/// not itself compiled by the generator; its shape is what the generator would write for it.
/// </summary>
public static class HealthContract
{
    /// <summary>The contract's name.</summary>
    public const string Name = "SocketGen.Health";

    /// <summary>The wire id of CheckAsync: the FNV-1a hash of <c>byte SocketGen.Health.CheckAsync(string)</c>.</summary>
    public const uint CheckMethodId = 3434437620;

    /// <summary>The contract's description (the method is idempotent).</summary>
    public static RpcContractDescription Description { get; } = new(Name, new RpcMethodDescription("CheckAsync", CheckMethodId, RpcMethodKind.Unary, true));

    internal static readonly WireEncoder<string> EncodeContract = static (ref WireWriter writer, string contract) => writer.WriteString(contract);
    internal static readonly WireEncoder<byte> EncodeStatus = static (ref WireWriter writer, byte status) => writer.WriteByte(status);
    internal static readonly WireDecoder<byte> DecodeStatus = static (ref WireReader reader) => reader.ReadByte();

    /// <summary>Asks a server for a contract's status over a connection.</summary>
    /// <param name="connection">The connection to the server.</param>
    /// <param name="contract">The contract's name, or <see cref="ServerHealth.WholeServer"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status; <see cref="ServingStatus.Unknown"/> for a value this version does not know.</returns>
    /// <exception cref="RemoteException">The server does not serve the health contract.</exception>
    public static async ValueTask<ServingStatus> CheckAsync(RpcConnection connection, string contract, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        byte status = await connection.InvokeAsync(CheckMethodId, contract ?? ServerHealth.WholeServer, EncodeContract, DecodeStatus, cancellationToken).ConfigureAwait(false);
        return status <= (byte)ServingStatus.Draining ? (ServingStatus)status : ServingStatus.Unknown;
    }
}

/// <summary>Serves <see cref="HealthContract"/> from a <see cref="ServerHealth"/>.</summary>
internal sealed class HealthDispatcher(ServerHealth health) : RpcDispatcher
{
    public override string ContractName => HealthContract.Name;

    public override RpcContractDescription Contract => HealthContract.Description;

    public override RpcMethodKind GetMethodKind(uint methodId) => methodId == HealthContract.CheckMethodId ? RpcMethodKind.Unary : RpcMethodKind.Unknown;

    public override string? GetMethodName(uint methodId) => methodId == HealthContract.CheckMethodId ? "CheckAsync" : null;

    public override ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call)
    {
        string contract = args.ReadString() ?? ServerHealth.WholeServer;
        return call.CompleteAsync(new ValueTask<byte>((byte)health.GetStatus(contract)), HealthContract.EncodeStatus);
    }
}
