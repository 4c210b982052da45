namespace SocketGen.Tests.Activation;

/// <summary>
/// Tests that start child processes run one at a time: the activation test briefly clears close-on-exec on a
/// listening socket, and no other child should inherit it meanwhile.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChildProcessCollection
{
    public const string Name = "Child processes";
}
