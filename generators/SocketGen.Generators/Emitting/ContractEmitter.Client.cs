using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

internal static partial class ContractEmitter
{
    private static void WriteClient(SourceWriter writer, ContractSpec contract)
    {
        var client = contract.ClientName;
        writer.Line("/// <summary>");
        writer.Line($"/// Calls a <see cref=\"{contract.InterfaceType}\"/> server over one connection. Calls may run concurrently;");
        writer.Line("/// dispose the client to close the connection.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"{contract.Accessibility} sealed partial class {client} : {contract.InterfaceType}, {RuntimeTypes.IAsyncDisposable}");
        writer.Open();
        writer.Line($"private readonly {RuntimeTypes.RpcConnection} _connection;");
        writer.Line();
        writer.Line($"private {client}({RuntimeTypes.RpcConnection} connection)");
        writer.Open();
        writer.Line("_connection = connection;");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Connects to a server at <paramref name=\"host\"/>, trying each address the name resolves to");
        writer.Line("/// (Happy Eyeballs), and returns a client for the first connection that succeeds.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"host\">A host name or an IP address literal.</param>");
        writer.Line("/// <param name=\"port\">The server's port.</param>");
        writer.Line("/// <param name=\"options\">Connection and call settings, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
        writer.Line("/// <returns>The connected client.</returns>");
        writer.Line($"public static async {RuntimeTypes.ValueTask}<{client}> ConnectAsync(string host, int port, {RuntimeTypes.SocketClientOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
        writer.Open();
        writer.Line($"{RuntimeTypes.RpcConnection} connection = await {RuntimeTypes.RpcConnection}.ConnectAsync(host, port, options, cancellationToken).ConfigureAwait(false);");
        writer.Line($"return new {client}(connection);");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Connects to a server at <paramref name=\"endPoint\"/> (an IP, DNS or Unix domain socket end point)");
        writer.Line("/// and returns a client for the connection.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"endPoint\">Where the server listens.</param>");
        writer.Line("/// <param name=\"options\">Connection and call settings, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
        writer.Line("/// <returns>The connected client.</returns>");
        writer.Line($"public static async {RuntimeTypes.ValueTask}<{client}> ConnectAsync({RuntimeTypes.EndPoint} endPoint, {RuntimeTypes.SocketClientOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
        writer.Open();
        writer.Line($"{RuntimeTypes.RpcConnection} connection = await {RuntimeTypes.RpcConnection}.ConnectAsync(endPoint, options, cancellationToken).ConfigureAwait(false);");
        writer.Line($"return new {client}(connection);");
        writer.Close();

        foreach (var method in contract.Methods)
        {
            writer.Line();
            WriteClientMethod(writer, contract, method);
        }

        writer.Line();
        writer.Line("/// <summary>Closes the connection; calls still running fail.</summary>");
        writer.Line("/// <returns>A task that completes when the connection is closed.</returns>");
        writer.Line($"public {RuntimeTypes.ValueTask} DisposeAsync()");
        writer.Open();
        writer.Line("return _connection.DisposeAsync();");
        writer.Close();
        writer.Close();
    }

    private static void WriteClientMethod(SourceWriter writer, ContractSpec contract, MethodSpec method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => p.DefaultValue is null ? $"{p.Type} {p.Name}" : $"{p.Type} {p.Name} = {p.DefaultValue}"));
        var connection = method.Parameters.Any(p => p.Name == "_connection") ? "this._connection" : "_connection";
        var codecs = contract.CodecsType + ".";
        var wireParameters = method.WireParameters.Select(p => p.Name).ToList();
        var arguments = wireParameters.Count switch
        {
            0 => "false",
            1 => wireParameters[0],
            _ => "(" + string.Join(", ", wireParameters) + ")",
        };
        var cancellationToken = method.CancellationTokenName ?? RuntimeTypes.CancellationToken + ".None";
        var argumentsType = ArgumentsType(method);
        var stem = FieldPrefix(method);

        string call;
        var lines = new List<string> { codecs + stem + "Id", arguments, codecs + stem + "ArgumentsEncoder" };
        var streamParameter = method.StreamParameter;
        if (streamParameter is not null)
        {
            // The client stream: its items with their encoder, or a byte stream read as chunks.
            lines.Add(streamParameter.Wire is null ? $"{RuntimeTypes.ByteStreams}.ReadChunksAsync({streamParameter.Name})" : streamParameter.Name);
            lines.Add(streamParameter.Wire is null ? RuntimeTypes.ByteStreams + ".ChunkEncoder" : codecs + stem + "ClientItemEncoder");
        }

        var streamItem = method.ByteStreamResult ? RuntimeTypes.ByteChunk : method.Result?.Type;
        var itemDecoder = method.ByteStreamResult ? RuntimeTypes.ByteStreams + ".ChunkDecoder" : codecs + stem + "ItemDecoder";
        switch (method.Kind)
        {
            case CallKind.OneWay:
                call = $"{connection}.SendOneWayAsync<{argumentsType}>(";
                break;
            case CallKind.Stream:
                call = $"{connection}.InvokeStreamAsync<{argumentsType}, {streamItem}>(";
                lines.Add(itemDecoder);
                break;
            case CallKind.DuplexStream:
                call = $"{connection}.InvokeDuplexStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}, {streamItem}>(";
                lines.Add(itemDecoder);
                break;
            case CallKind.ClientStream when method.Result is null:
                call = $"{connection}.InvokeClientStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}>(";
                break;
            case CallKind.ClientStream:
                call = $"{connection}.InvokeClientStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}, {method.Result.Type}>(";
                lines.Add(codecs + stem + "ResultDecoder");
                break;
            default:
                if (method.Result is null)
                {
                    call = $"{connection}.InvokeAsync<{argumentsType}>(";
                }
                else
                {
                    call = $"{connection}.InvokeAsync<{argumentsType}, {method.Result.Type}>(";
                    lines.Add(codecs + stem + "ResultDecoder");
                }

                break;
        }

        lines.Add(cancellationToken);
        if (method.ByteStreamResult)
        {
            // A Stream result opens once the first chunk, the end or the error arrived.
            call = $"{RuntimeTypes.ByteStreams}.OpenAsync({call}";
            lines[lines.Count - 1] += ")";
        }
        var asTask = method.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT ? ".AsTask()" : "";

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public {method.ReturnType} {method.Name}({parameters})");
        writer.Open();
        writer.Line("return " + call);
        using (writer.Indent())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                writer.Line(i == lines.Count - 1 ? lines[i] + ")" + asTask + ";" : lines[i] + ",");
            }
        }

        writer.Close();
    }
}
