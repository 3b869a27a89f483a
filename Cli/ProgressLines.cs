using System.Diagnostics;
using System.Globalization;

namespace Harness.Cli;

/// <summary>
/// Plain progress lines for a campaign whose output is not a terminal (a CI log, a file): every
/// <c>interval</c>, <c>LABEL: N of M tests, C commands, T s, R commands/s</c>, so that a long run shows it
/// is alive, and how fast, between "running" and its verdict. The lines come from a timer thread; <see cref="Stop"/> ends them before the report.
/// </summary>
internal sealed class ProgressLines : IDisposable
{
    private readonly string _label;
    private readonly int _maxTests;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private int _tests;
    private long _commands;
    private bool _stopped;
    private OutputFailedException? _failure;

    public ProgressLines(string label, int maxTests, TimeSpan interval)
    {
        (_label, _maxTests) = (label, maxTests);
        _timer = new Timer(_ => Tick(), null, interval, interval);
    }

    /// <summary>The campaign's progress callback: tests and commands run so far (called on the campaign's threads).</summary>
    public void Report(int tests, long commands)
    {
        Volatile.Write(ref _tests, tests);
        Volatile.Write(ref _commands, commands);
    }

    /// <summary>
    /// Ends the lines: none is printed after this returns. A line that could not be written is reported
    /// here, on the caller's thread, as the failure of the run's output.
    /// </summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
        _timer.Dispose();
        if (_failure is { } failure)
        {
            throw new OutputFailedException(failure.Message, failure);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }
        _timer.Dispose();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_stopped || _failure is not null)
            {
                return;
            }
            try
            {
                var seconds = _clock.Elapsed.TotalSeconds;
                var commands = Volatile.Read(ref _commands);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_label}: {Volatile.Read(ref _tests)} of {_maxTests} tests, {commands} commands, {seconds:0.0} s, {commands / Math.Max(seconds, 1e-9):0} commands/s"));
            }
            catch (OutputFailedException ex)
            {
                // An exception on the timer's thread would end the process: keep it for Stop.
                _failure = ex;
            }
        }
    }
}
