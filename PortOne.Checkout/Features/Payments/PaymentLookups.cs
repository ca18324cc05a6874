namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Shares PortOne lookups of one imp_uid between callers that arrive together: a webhook storm, a
/// duplicated notice racing the browser's callback. A caller never gets an answer older than its
/// own arrival: a lookup already in flight may have left before the caller's news happened, so the
/// caller waits for the next round, which every caller arriving meanwhile shares. At most two
/// lookups per imp_uid are outstanding, however many deliveries pile up, and PortOne's API is
/// spared the storm.
/// </summary>
public sealed class PaymentLookups
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public Task<PortOnePayment?> GetAsync(string impUid, Func<CancellationToken, Task<PortOnePayment?>> lookupAsync, CancellationToken cancellationToken)
    {
        Round? start = null;
        Task<PortOnePayment?> answer;
        lock (_slots)
        {
            if (!_slots.TryGetValue(impUid, out var slot))
            {
                start = new Round(lookupAsync);
                _slots[impUid] = new Slot();
                answer = start.Answer.Task;
            }
            else
            {
                slot.Next ??= new Round(lookupAsync);
                answer = slot.Next.Answer.Task;
            }
        }
        if (start is not null)
        {
            _ = RunAsync(impUid, start);
        }
        // One caller giving up must not cancel the round the others wait for.
        return answer.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(string impUid, Round round)
    {
        try
        {
            // Nobody may cancel a shared lookup; the HTTP client's own timeouts bound it.
            round.Answer.SetResult(await round.LookupAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            round.Answer.SetException(ex);
        }

        Round? next;
        lock (_slots)
        {
            var slot = _slots[impUid];
            next = slot.Next;
            slot.Next = null;
            if (next is null)
            {
                _slots.Remove(impUid);
            }
        }
        if (next is not null)
        {
            await RunAsync(impUid, next);
        }
    }

    private sealed class Round(Func<CancellationToken, Task<PortOnePayment?>> lookupAsync)
    {
        public Func<CancellationToken, Task<PortOnePayment?>> LookupAsync { get; } = lookupAsync;

        public TaskCompletionSource<PortOnePayment?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An imp_uid with a round in flight.</summary>
    private sealed class Slot
    {
        /// <summary>The round everyone who arrived while the current one was in flight waits for.</summary>
        public Round? Next { get; set; }
    }
}
