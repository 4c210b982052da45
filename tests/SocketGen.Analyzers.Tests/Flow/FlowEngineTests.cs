using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Flow;

/// <summary>
/// The generic flow machinery, read through <see cref="ConstantFlowAnalyzer"/>: each <c>Probe(x)</c>
/// reports the constants the engine says x can hold there.
/// </summary>
public class FlowEngineTests
{
    private static Task VerifyAsync(string body, params (int Marker, string Message)[] probes)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            class C
            {
                static void Probe(int value) { }
                static void Use(ref int value) { }
                static void Escape(int value) { }
                static bool Flag() => DateTime.Now.Ticks % 2 == 0;
                void M(int p)
                {
            {{body}}
                }
            }
            """;
        var test = new SocketAnalyzerTest(new ConstantFlowAnalyzer()) { TestCode = source };
        foreach (var (marker, message) in probes)
        {
            test.ExpectedDiagnostics.Add(Expected.Diagnostic(ConstantFlowAnalyzer.Id).WithLocation(marker).WithMessage(message));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Straight_line_assignment_is_known()
        => VerifyAsync("int x = 1; {|#0:Probe(x)|}; x = 2; {|#1:Probe(x)|};", (0, "x=1"), (1, "x=2"));

    [Fact]
    public Task Branches_join_their_values()
        => VerifyAsync("int x; if (Flag()) { x = 1; } else { x = 2; } {|#0:Probe(x)|};", (0, "x=1|2"));

    [Fact]
    public Task A_branch_with_an_unknown_value_makes_the_join_unknown()
        => VerifyAsync("int x; if (Flag()) { x = 1; } else { x = p; } {|#0:Probe(x)|};", (0, "x=?"));

    [Fact]
    public Task Loops_iterate_to_a_fixpoint()
        => VerifyAsync("int x = 0; while (Flag()) { {|#0:Probe(x)|}; x = 1; } {|#1:Probe(x)|};", (0, "x=0|1"), (1, "x=0|1"));

    [Fact]
    public Task A_local_declared_in_a_loop_body_is_fresh_each_iteration()
        => VerifyAsync("for (int i = 0; i < 3; i = i + 1) { int y; if (Flag()) { y = 5; {|#0:Probe(y)|}; } }", (0, "y=5"));

    [Fact]
    public Task Catch_sees_every_state_the_try_passes_through()
        => VerifyAsync("int x = 1; try { x = 2; Escape(0); x = 3; } catch (Exception) { {|#0:Probe(x)|}; } {|#1:Probe(x)|};", (0, "x=1|2|3"), (1, "x=1|2|3"));

    [Fact]
    public Task Finally_flows_on_to_where_the_try_was_going()
        => VerifyAsync("int x = 1; try { x = 2; } finally { {|#0:Probe(x)|}; x = 4; } {|#1:Probe(x)|};", (0, "x=1|2"), (1, "x=4"));

    [Fact]
    public Task Return_through_finally_runs_the_finally()
        => VerifyAsync("int x = 1; try { if (Flag()) { x = 7; return; } } finally { {|#0:Probe(x)|}; }", (0, "x=1|7"));

    [Fact]
    public Task Passing_a_local_to_an_unknown_method_by_ref_makes_it_unknown()
        => VerifyAsync("int x = 1; Use(ref x); {|#0:Probe(x)|};", (0, "x=?"));

    [Fact]
    public Task Passing_a_local_as_an_argument_makes_it_unknown_unless_the_client_says_otherwise()
        => VerifyAsync("int x = 1; Escape(x); {|#0:Probe(x)|}; int y = 2; {|#1:Probe(y)|}; {|#2:Probe(y)|};", (0, "x=?"), (1, "y=2"), (2, "y=2"));

    [Fact]
    public Task A_local_captured_by_a_lambda_is_never_tracked()
        => VerifyAsync("int x = 1; Action a = () => Escape(x); {|#0:Probe(x)|};", (0, "x=?"));

    [Fact]
    public Task A_local_captured_by_a_local_function_is_never_tracked()
        => VerifyAsync("int x = 1; void F() => x = 2; F(); {|#0:Probe(x)|};", (0, "x=?"));

    [Fact]
    public Task Locals_inside_a_lambda_are_analysed_in_its_own_graph()
        => VerifyAsync("Action a = () => { int z = 3; {|#0:Probe(z)|}; };", (0, "z=3"));

    [Fact]
    public Task Compound_assignment_and_increment_make_a_local_unknown()
        => VerifyAsync("int x = 1; x += 1; {|#0:Probe(x)|}; int y = 1; y++; {|#1:Probe(y)|};", (0, "x=?"), (1, "y=?"));

    [Fact]
    public Task Conditional_expression_value_flows_through_compiler_captures()
        => VerifyAsync("int x = Flag() ? 1 : 2; {|#0:Probe(x)|};", (0, "x=?"));

    [Fact]
    public Task Unreachable_code_is_not_reported()
        => VerifyAsync("int x = 1; return; Probe(x);");

    [Fact]
    public Task Switch_sections_join()
        => VerifyAsync("int x; switch (p) { case 0: x = 1; break; case 1: x = 2; break; default: x = 3; break; } {|#0:Probe(x)|};", (0, "x=1|2|3"));

    [Fact]
    public Task Pattern_declared_locals_are_unknown()
        => VerifyAsync("object o = p; if (o is int x) { {|#0:Probe(x)|}; }", (0, "x=?"));

    [Fact]
    public Task A_copy_makes_both_locals_unknown()
        => VerifyAsync("int x = 1; int y = x; {|#0:Probe(x)|}; {|#1:Probe(y)|};", (0, "x=?"), (1, "y=?"));

    [Fact]
    public Task A_lambda_inside_a_try_is_analysed_on_its_own()
        => VerifyAsync("int x = 1; try { Action a = () => { int z = 2; try { z = 3; } catch (Exception) { {|#0:Probe(z)|}; } }; a(); } catch (Exception) { {|#1:Probe(x)|}; }", (0, "z=2|3"), (1, "x=1"));

    [Fact]
    public Task Null_check_branches_are_pruned_only_when_the_client_says_non_null()
        => VerifyAsync("int? n = null; int x = 1; if (n == null) { x = 2; } {|#0:Probe(x)|};", (0, "x=1|2"));
}
