using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>The round sharing of <see cref="SyncRounds"/>: each fake sync answers the status PortOne had when it started.</summary>
public class SyncRoundsTests
{
    private readonly SyncRounds _lookups = new();
    private int _started;

    /// <summary>A sync's answer carrying the status PortOne reported, to tell the rounds apart.</summary>
    private static SyncResult Payment(string status) => new(SyncOutcome.Unchanged, null, status);

    /// <summary>A lookup that answers the status PortOne has at the moment it starts, and finishes when told.</summary>
    private Func<CancellationToken, Task<SyncResult>> Lookup(Func<string> statusNow, Task finish) => async _ =>
    {
        Interlocked.Increment(ref _started);
        var status = statusNow();
        await finish;
        return Payment(status);
    };

    [Fact]
    public async Task Callers_arriving_during_a_lookup_share_the_next_one()
    {
        var first = new TaskCompletionSource();
        var rest = new TaskCompletionSource();
        var status = "ready";
        var inFlight = _lookups.RunAsync("imp_1", Lookup(() => status, first.Task), CancellationToken.None);

        status = "paid";
        var waiting = Enumerable.Range(0, 50).Select(_ => _lookups.RunAsync("imp_1", Lookup(() => status, rest.Task), CancellationToken.None)).ToArray();
        first.SetResult();
        rest.SetResult();

        Assert.Equal("ready", (await inFlight).Detail);
        Assert.All(await Task.WhenAll(waiting), p => Assert.Equal("paid", p.Detail));
        Assert.Equal(2, _started);
    }

    [Fact]
    public async Task A_caller_never_gets_an_answer_from_a_lookup_that_started_before_it_arrived()
    {
        var first = new TaskCompletionSource();
        var status = "ready";
        var early = _lookups.RunAsync("imp_1", Lookup(() => status, first.Task), CancellationToken.None);

        status = "cancelled";
        var late = _lookups.RunAsync("imp_1", Lookup(() => status, Task.CompletedTask), CancellationToken.None);
        first.SetResult();

        Assert.Equal(("ready", "cancelled"), ((await early).Detail, (await late).Detail));
    }

    [Fact]
    public async Task Different_payments_are_looked_up_independently()
    {
        var hold = new TaskCompletionSource();
        var a = _lookups.RunAsync("imp_a", Lookup(() => "paid", hold.Task), CancellationToken.None);
        var b = _lookups.RunAsync("imp_b", Lookup(() => "paid", Task.CompletedTask), CancellationToken.None);

        await b;
        Assert.False(a.IsCompleted);
        hold.SetResult();
        await a;
        Assert.Equal(2, _started);
    }

    [Fact]
    public async Task A_failed_lookup_fails_its_waiters_and_the_next_caller_asks_again()
    {
        var failing = _lookups.RunAsync("imp_1", _ => Task.FromException<SyncResult>(new PortOneApiException("payments/imp_1", null, null, null)), CancellationToken.None);
        await Assert.ThrowsAsync<PortOneApiException>(() => failing);

        var retried = await _lookups.RunAsync("imp_1", Lookup(() => "paid", Task.CompletedTask), CancellationToken.None);

        Assert.Equal("paid", retried.Detail);
    }

    [Fact]
    public async Task One_caller_giving_up_does_not_cancel_the_lookup_others_share()
    {
        var hold = new TaskCompletionSource();
        using var impatient = new CancellationTokenSource();
        var patient = _lookups.RunAsync("imp_1", Lookup(() => "paid", hold.Task), CancellationToken.None);
        var leaving = _lookups.RunAsync("imp_1", Lookup(() => "paid", hold.Task), impatient.Token);

        await impatient.CancelAsync();
        hold.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.Equal("paid", (await patient).Detail);
    }

    [Fact]
    public async Task The_caller_who_starts_a_round_goes_on_where_the_sync_finished_instead_of_queueing_again()
    {
        var finish = new TaskCompletionSource<SyncResult>();
        using var request = new CancellationTokenSource();
        var answer = _lookups.RunAsync("imp_1", _ => finish.Task, request.Token);
        int? continuedOn = null;
        var after = answer.ContinueWith(_ => continuedOn = Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);

        finish.SetResult(Payment("paid"));

        Assert.Equal(Environment.CurrentManagedThreadId, continuedOn);
        await after;
        Assert.Equal("paid", (await answer).Detail);
    }

    [Fact]
    public async Task A_sync_that_throws_before_it_awaits_fails_its_caller_and_frees_the_payment_for_the_next()
    {
        var failing = _lookups.RunAsync("imp_1", _ => throw new PortOneApiException("payments/imp_1", null, null, null), CancellationToken.None);
        await Assert.ThrowsAsync<PortOneApiException>(() => failing);

        var next = await _lookups.RunAsync("imp_1", Lookup(() => "paid", Task.CompletedTask), CancellationToken.None);

        Assert.Equal("paid", next.Detail);
    }
}
