namespace SocketGen.Analyzers;

/// <summary>The rule ids, shared by the analyzers that report them and the code fixes that fix them.</summary>
internal static class RuleIds
{
    /// <summary>Do not connect a listening socket.</summary>
    public const string ConnectOnListening = "SG1001";

    /// <summary>Bind a socket before listening on it.</summary>
    public const string ListenWithoutBind = "SG1002";

    /// <summary>Accept only on a listening socket.</summary>
    public const string AcceptWithoutListen = "SG1003";

    /// <summary>Do not use a socket after it is closed.</summary>
    public const string UseAfterClose = "SG1004";

    /// <summary>Do not bind a socket twice.</summary>
    public const string BindTwice = "SG1005";

    /// <summary>Do not listen or accept on a connectionless socket.</summary>
    public const string ConnectionlessListen = "SG1006";

    /// <summary>Do not connect a socket that is already connected.</summary>
    public const string ConnectWhenConnected = "SG1007";

    /// <summary>Do not send or receive on a listening socket.</summary>
    public const string DataOnListening = "SG1008";

    /// <summary>Receive on a stream socket may return fewer bytes than asked for.</summary>
    public const string PartialReceive = "SG2001";

    /// <summary>Blocking socket call in an async context.</summary>
    public const string BlockingCallInAsync = "SG2002";

    /// <summary>Connecting to only the first resolved address.</summary>
    public const string FirstAddressConnect = "SG2003";

    /// <summary>Socket type and protocol do not go together.</summary>
    public const string InvalidSocketTypeProtocol = "SG2004";

    /// <summary>Listen backlog is small.</summary>
    public const string SmallListenBacklog = "SG2005";

    /// <summary>Address length is not set to the address buffer&#x27;s size.</summary>
    public const string AddressLengthNotInitialized = "SG3001";

    /// <summary>Address length is not reset before each call in a loop.</summary>
    public const string AddressLengthNotReset = "SG3002";

    /// <summary>Address length parameter must not be out.</summary>
    public const string OutAddressLength = "SG3003";

    /// <summary>Port is not converted to network byte order.</summary>
    public const string PortInHostByteOrder = "SG3004";

    /// <summary>Address length does not match the address passed.</summary>
    public const string AddressLengthMismatch = "SG3005";
}
