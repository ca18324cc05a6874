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
        Round? start = null;
        Task<SyncResult> answer;
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                start = new Round(operationAsync);
                _slots[key] = new Slot();
                answer = start.Answer.Task;
            }
            else
            {
                slot.Next ??= new Round(operationAsync);
                answer = slot.Next.Answer.Task;
            }
        }
        if (start is not null)
        {
            _ = RunRoundAsync(key, start);
        }
        // One caller giving up must not cancel the round the others wait for.
        return answer.WaitAsync(cancellationToken);
    }

    private async Task RunRoundAsync(string key, Round round)
    {
        try
        {
            // Nobody may cancel a shared round; the HTTP client's own timeouts bound it.
            round.Answer.SetResult(await round.OperationAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            round.Answer.SetException(ex);
        }

        Round? next;
        lock (_slots)
        {
            var slot = _slots[key];
            next = slot.Next;
            slot.Next = null;
            if (next is null)
            {
                _slots.Remove(key);
            }
        }
        if (next is not null)
        {
            await RunRoundAsync(key, next);
        }
    }

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
