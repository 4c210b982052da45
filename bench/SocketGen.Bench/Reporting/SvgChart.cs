using System.Globalization;
using System.Net;
using System.Text;

namespace SocketGen.Bench.Reporting;

/// <summary>
/// A grouped bar chart of throughput relative to the native server (1.0), one group per scenario, with the
/// issue's 0.6× target drawn as a line. Scenarios differ by orders of magnitude in req/s, so ratios are
/// what can share one axis.
/// </summary>
internal static class SvgChart
{
    private static readonly string[] s_colors = ["#6b7280", "#f59e0b", "#8b5cf6", "#10b981", "#3b82f6", "#ef4444", "#ec4899", "#14b8a6"];

    public static void Write(string path, IReadOnlyList<Scenario> scenarios, IReadOnlyList<BenchRow> rows, IReadOnlyList<Summary> summaries, string titleSuffix)
    {
        const int barWidth = 22, groupGap = 30, left = 50, top = 40, plotHeight = 260, bottom = 60;
        int groupWidth = (rows.Count * barWidth) + groupGap;
        int width = left + (scenarios.Count * groupWidth) + 20;
        int height = top + plotHeight + bottom + (rows.Count * 18);
        double max = Math.Max(1.2, summaries.Select(s => s.RatioToNative ?? 0).DefaultIfEmpty(0).Max() * 1.1);
        double Y(double ratio) => top + plotHeight - (ratio / max * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"20\" font-size=\"14\">Requests/s relative to the native C server (same round, 1.0 = native){WebUtility.HtmlEncode(titleSuffix)}</text>\n");
        for (double tick = 0; tick <= max; tick += 0.2)
        {
            double y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 20}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#e5e7eb\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{tick:F1}</text>\n");
        }

        foreach ((double level, string label) in new[] { (1.0, "native"), (0.6, "0.6× target") })
        {
            double y = Y(level);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 20}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#111827\" stroke-dasharray=\"4 3\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 22}\" y=\"{y - 3:F1}\" text-anchor=\"end\">{label}</text>\n");
        }

        for (int g = 0; g < scenarios.Count; g++)
        {
            int x0 = left + (g * groupWidth) + (groupGap / 2);
            for (int r = 0; r < rows.Count; r++)
            {
                Summary? s = summaries.FirstOrDefault(x => x.Scenario == scenarios[g].Name && x.Row == rows[r].Id);
                if (s?.RatioToNative is not { } ratio)
                {
                    continue;
                }

                double x = x0 + (r * barWidth);
                double y = Y(ratio);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{barWidth - 3}\" height=\"{top + plotHeight - y:F1}\" fill=\"{s_colors[r % s_colors.Length]}\"><title>{WebUtility.HtmlEncode(rows[r].Label)}: {s.RequestsPerSecond:N0} req/s, {ResultTable.RatioNumber(ratio)}× native</title></rect>\n");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + ((barWidth - 3) / 2.0):F1}\" y=\"{y - 3:F1}\" text-anchor=\"middle\" font-size=\"8\">{ResultTable.RatioNumber(ratio)}</text>\n");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + (rows.Count * barWidth / 2.0):F1}\" y=\"{top + plotHeight + 16}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(scenarios[g].Name)}</text>\n");
        }

        for (int r = 0; r < rows.Count; r++)
        {
            int y = top + plotHeight + 36 + (r * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{s_colors[r % s_colors.Length]}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 18}\" y=\"{y}\">{WebUtility.HtmlEncode(rows[r].Label)}</text>\n");
        }

        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }
}
