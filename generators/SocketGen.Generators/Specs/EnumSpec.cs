namespace SocketGen.Generators.Specs;

/// <summary>An enum that travels on the wire, with its members: what the wire baseline records of it.</summary>
/// <param name="Name">The enum's name, namespace-qualified (canonical, no <c>global::</c>).</param>
/// <param name="Members">Its members in declaration order.</param>
internal sealed record EnumSpec(string Name, EquatableArray<EnumMemberSpec> Members);

/// <summary>One enum member.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Value">Its numeric value, in invariant culture.</param>
internal sealed record EnumMemberSpec(string Name, string Value);
