using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Flow;

/// <summary>
/// What a client of <see cref="FlowEngine"/> supplies: which locals it tracks, the abstract value it
/// keeps per local and how that value joins where paths meet, and what each operation does to it.
/// </summary>
/// <remarks>
/// The engine owns everything that is the same for every client: the walk over the control flow graph,
/// branches and loops to a fixpoint, try/catch/finally, scopes (a local declared in a loop body is
/// fresh on every iteration), assignments, flow-capture aliases and escapes. A tracked local that is
/// not in the state is unknown: the engine drops a local whenever paths disagree on whether it is known,
/// when it escapes (passed as an argument, copied, stored, aliased by ref or by a pattern) and when a
/// lambda or local function captures it (such locals are never tracked, unless the analysis follows
/// them into nested functions: <see cref="AnalysesCapturedLocals"/>).
/// Values must form a lattice of finite height under <see cref="Join"/> so the fixpoint ends.
/// </remarks>
/// <typeparam name="TValue">The abstract value kept per tracked local.</typeparam>
internal abstract class FlowAnalysis<TValue>
{
    /// <summary>Whether <paramref name="local"/> is tracked at all (for example: its type is Socket).</summary>
    public abstract bool IsTracked(ILocalSymbol local);

    /// <summary>The least value that covers both (what is known where two paths meet).</summary>
    public abstract TValue Join(TValue left, TValue right);

    /// <summary>Value equality, used to detect the fixpoint.</summary>
    public virtual bool ValueEquals(TValue left, TValue right) => EqualityComparer<TValue>.Default.Equals(left, right);

    /// <summary>
    /// The value a tracked local holds when its scope is entered, before any assignment (for example
    /// "not initialised"). Return false to leave it unknown, the default.
    /// </summary>
    public virtual bool TryGetValueOnScopeEntry(ILocalSymbol local, out TValue value)
    {
        value = default!;
        return false;
    }

    /// <summary>
    /// The value <paramref name="local"/> holds after <c>local = value</c> (declarations with an
    /// initialiser included). Return false for unknown. <paramref name="state"/> is the state before the
    /// assignment, with the value already evaluated.
    /// </summary>
    public abstract bool TryGetAssignedValue(ILocalSymbol local, IOperation value, FlowState<TValue> state, out TValue result);

    /// <summary>
    /// Called for every operation in evaluation order (operands before the operation), with the state
    /// just before the operation takes effect. Apply the operation's effect to <paramref name="state"/>;
    /// report diagnostics only when <paramref name="pass"/> is <see cref="FlowPass.Report"/>.
    /// The engine applies its own effects (assignment, escape) after this call.
    /// </summary>
    public virtual void Transfer(IOperation operation, FlowState<TValue> state, FlowPass pass)
    {
    }

    /// <summary>
    /// Whether a local holding <paramref name="value"/> is certainly not null. The engine then prunes
    /// the branch of a null check on it that cannot be taken (the compiler's check before Dispose at the
    /// end of a using block, for example). Default: false.
    /// </summary>
    public virtual bool IsNonNull(TValue value) => false;

    /// <summary>
    /// Whether <paramref name="user"/> may use tracked <paramref name="local"/> (through
    /// <paramref name="reference"/>) without the local escaping. The engine already treats receivers of
    /// calls and member accesses, null and type checks, flow captures and assignment targets as
    /// non-escaping; anything else forgets the local unless this returns true.
    /// </summary>
    public virtual bool IsNonEscapingUse(ILocalSymbol local, IOperation reference, IOperation user) => false;

    /// <summary>
    /// Whether locals captured by lambdas and local functions are followed into them (see
    /// <see cref="FlowCaptures"/>) instead of never being tracked. Default: false.
    /// </summary>
    public virtual bool AnalysesCapturedLocals => false;

    /// <summary>What <paramref name="reference"/>'s use of captured <paramref name="local"/> does to its value. Default: may change it.</summary>
    public virtual CapturedUse ClassifyCapturedUse(ILocalSymbol local, IOperation reference) => CapturedUse.Changes;
}
