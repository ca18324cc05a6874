namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Shares the syncs of one imp_uid between callers that arrive together: a webhook storm, a
/// duplicated notice racing the browser's callback. A caller never gets an answer older than its
/// own arrival: a sync already in flight may have asked PortOne before the caller's news happened,
/// so the caller waits for the next round, which every caller arriving meanwhile shares. At most
/// two syncs per imp_uid run at once however many deliveries pile up, and PortOne's API is spared
/// the storm. A shared round records the source of the caller that started it.
/// </summary>
public sealed class SyncRounds
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public Task<SyncResult> RunAsync(string key, Func<CancellationToken, Task<SyncResult>> operationAsync, CancellationToken cancellationToken)
    {
        lock (_slots)
        {
            if (_slots.TryGetValue(key, out var slot))
            {
                slot.Next ??= new Round(operationAsync);
                // One caller giving up must not cancel the round the others wait for.
                return slot.Next.Answer.Task.WaitAsync(cancellationToken);
            }
            _slots[key] = new Slot();
        }
        // Nobody joins a round once it is running, so the caller who starts one is its only waiter: it awaits the
        // sync itself and goes on where the sync finished, rather than being queued as one more work item. Nobody
        // may cancel a round (it may be about to apply a payment); the HTTP client's own timeouts bound it.
        var running = StartAsync(operationAsync);
        var answer = running.WaitAsync(cancellationToken);
        _ = RunNextRoundsAsync(key, running);
        return answer;
    }

    /// <summary>Runs a sync; one that throws before its first await still fails its own task, not its caller.</summary>
    private static async Task<SyncResult> StartAsync(Func<CancellationToken, Task<SyncResult>> operationAsync) =>
        await operationAsync(CancellationToken.None);

    /// <summary>After the round in flight, runs the round everyone who arrived meanwhile shares, until nobody is waiting.</summary>
    private async Task RunNextRoundsAsync(string key, Task<SyncResult> running)
    {
        try
        {
            await running;
        }
        catch (Exception)
        {
            // Its caller has the failure (or gave up waiting); the rounds after it go on regardless.
        }
        while (true)
        {
            Round? next;
            lock (_slots)
            {
                var slot = _slots[key];
                next = slot.Next;
                slot.Next = null;
                if (next is null)
                {
                    _slots.Remove(key);
                    return;
                }
            }
            try
            {
                next.Answer.SetResult(await StartAsync(next.OperationAsync));
            }
            catch (Exception ex)
            {
                next.Answer.SetException(ex);
            }
        }
    }

    /// <summary>A round that callers wait for before it starts; several callers share its answer.</summary>
    private sealed class Round(Func<CancellationToken, Task<SyncResult>> operationAsync)
    {
        public Func<CancellationToken, Task<SyncResult>> OperationAsync { get; } = operationAsync;

        public TaskCompletionSource<SyncResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An imp_uid with a round in flight.</summary>
    private sealed class Slot
    {
        /// <summary>The round everyone who arrived while the current one was in flight waits for.</summary>
        public Round? Next { get; set; }
    }
}
