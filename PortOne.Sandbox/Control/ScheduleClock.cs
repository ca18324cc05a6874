using Microsoft.Extensions.Hosting;
using PortOne.Sandbox.Api;

namespace PortOne.Sandbox.Control;

/// <summary>
/// Runs due schedules every 30 seconds of the injected clock, so a schedule executes without anyone
/// calling the control API; tests on a fake clock advance it or call <c>POST /sandbox/control/schedules/run</c>.
/// </summary>
internal sealed class ScheduleClock(ScheduleRunner runner, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                runner.RunDue();
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }
}
