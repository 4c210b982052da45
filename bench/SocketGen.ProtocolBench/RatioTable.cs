using System.Globalization;
using System.Text;

namespace SocketGen.ProtocolBench;

/// <summary>Paired figures per row, one pair per round, reported as the median ratio and its spread.</summary>
internal sealed class RatioTable(string what, string ratioTitle)
{
    private readonly Dictionary<string, List<(double Ours, double Baseline)>> _rows = new();
    private readonly List<string> _order = new();

    public void Add(string row, double ours, double baseline)
    {
        if (!_rows.TryGetValue(row, out var pairs))
        {
            _rows[row] = pairs = new List<(double, double)>();
            _order.Add(row);
        }

        pairs.Add((ours, baseline));
    }

    public void AppendTo(StringBuilder report)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"| {what} | ours (median) | baseline (median) | {ratioTitle}: median | min–max |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (string row in _order)
        {
            var pairs = _rows[row];
            var ratios = new double[pairs.Count];
            var ours = new double[pairs.Count];
            var baselines = new double[pairs.Count];
            for (int i = 0; i < pairs.Count; i++)
            {
                ratios[i] = pairs[i].Ours / pairs[i].Baseline;
                ours[i] = pairs[i].Ours;
                baselines[i] = pairs[i].Baseline;
            }

            Array.Sort(ratios);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {row} | {Median(ours):N1} | {Median(baselines):N1} | {Median(ratios):0.00}× | {ratios[0]:0.00}×–{ratios[^1]:0.00}× |");
        }

        report.AppendLine();
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
