namespace SocketGen;

/// <summary>
/// Gives a contract method an explicit wire id. Without it the id is derived from the method's name and
/// parameter types, which keeps it stable across recompiles and member reordering but not across renames;
/// pin the id with this attribute to rename a method without breaking deployed peers.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MethodAttribute : Attribute
{
    /// <summary>The method's wire id. Must be unique within the contract and its base contracts; 0 is reserved.</summary>
    public uint Id { get; set; }
}
