using System.Runtime.CompilerServices;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// Waits, bounded, for something that happens in the background (a webhook, a restart, a timer).
/// When time runs out it throws, naming the condition and the last value seen, so a test never goes
/// on with a value that did not arrive.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(10);

    /// <summary>Reads until <paramref name="done"/> holds and returns that value.</summary>
    /// <param name="step">Run between reads, e.g. to move a fake clock on.</param>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null, Action? step = null,
        [CallerArgumentExpression(nameof(done))] string condition = "")
    {
        var limit = within ?? DefaultWithin;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {limit.TotalSeconds:0.#} s: {condition} (last value: {Describe(value)})");
            }
            step?.Invoke();
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the condition holds.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan? within = null, Action? step = null,
        [CallerArgumentExpression(nameof(condition))] string description = "") =>
        WaitAsync(() => Task.FromResult(condition()), holds => holds, within, step, description);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.ICollection collection => $"{collection.Count} items",
        _ => value.ToString() ?? "",
    };
}
