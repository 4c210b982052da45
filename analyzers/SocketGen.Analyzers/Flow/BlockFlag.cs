namespace SocketGen.Analyzers.Flow;

/// <summary>
/// A yes/no an analyzer sets from the operation actions of one operation block and reads at the block's
/// end, to build control flow graphs only for blocks that need them. The driver may run the actions of
/// one block on several threads, hence the volatile access.
/// </summary>
internal sealed class BlockFlag
{
    private int _value;

    /// <summary>Whether the flag is set.</summary>
    public bool Value
    {
        get => Volatile.Read(ref _value) != 0;
        set => Volatile.Write(ref _value, value ? 1 : 0);
    }
}
