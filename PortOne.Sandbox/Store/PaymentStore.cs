using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using PortOne.Sandbox.Api;

namespace PortOne.Sandbox.Store;

/// <summary>What a change to a payment decided: the new payment, or a refusal that leaves it as it was.</summary>
internal readonly record struct Change<TRefusal>(Payment? Next, TRefusal? Refusal)
    where TRefusal : class
{
    public static Change<TRefusal> To(Payment next) => new(next, null);

    public static Change<TRefusal> Refuse(TRefusal refusal) => new(null, refusal);
}

/// <summary>
/// In-memory payments. Entries are immutable and swapped whole, so lookups (benchmarked at thousands a
/// second) read without locking, and the success envelope is serialised once per state change.
/// Writes go through <see cref="Add"/> and <see cref="Update{TRefusal}"/>, which run the caller's check and
/// change under the store's one lock, so a check and the write it allows are atomic for a payment and its
/// merchant_uid.
/// </summary>
internal sealed class PaymentStore
{
    private readonly ConcurrentDictionary<string, Entry> _payments = new(StringComparer.Ordinal);
    // merchant_uid -> imp_uids, swapped whole under the write lock so readers need no lock.
    private readonly ConcurrentDictionary<string, ImmutableList<string>> _byMerchant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Prepared> _prepared = new(StringComparer.Ordinal);
    private readonly Lock _write = new();
    private long _sequence;

    internal sealed record Entry(Payment Payment, WindowRequest Window)
    {
        /// <summary>Creation order, to break ties between payments started in the same second.</summary>
        public long Sequence { get; init; }

        public byte[] EnvelopeJson { get; } = JsonSerializer.SerializeToUtf8Bytes(Envelope.Ok(Payment), SandboxJson.Options);
    }

    public Entry? Find(string impUid) => _payments.TryGetValue(impUid, out var entry) ? entry : null;

    public IEnumerable<Entry> All => _payments.Values;

    /// <summary>Every payment for a merchant_uid, in creation order.</summary>
    public IEnumerable<Entry> ForMerchantUid(string merchantUid) => ForMerchant(merchantUid);

    /// <summary>Latest payment (by started_at, then creation order) for a merchant_uid, optionally in one status.</summary>
    public Entry? FindLatest(string merchantUid, string? status = null)
    {
        Entry? best = null;
        foreach (var entry in ForMerchant(merchantUid))
        {
            var p = entry.Payment;
            if (status is not null && p.Status != status)
            {
                continue;
            }
            if (best is null || p.StartedAt > best.Payment.StartedAt
                || (p.StartedAt == best.Payment.StartedAt && entry.Sequence > best.Sequence))
            {
                best = entry;
            }
        }
        return best;
    }

    public bool IsMerchantUidPaid(string merchantUid) =>
        ForMerchant(merchantUid).Any(e => e.Payment.Status is PaymentStatus.Paid or PaymentStatus.Cancelled);

    private IEnumerable<Entry> ForMerchant(string merchantUid) =>
        _byMerchant.TryGetValue(merchantUid, out var impUids) ? impUids.Select(Find).OfType<Entry>() : [];

    /// <summary>Adds a new payment under a fresh imp_uid.</summary>
    public Entry Add(Func<string, Payment> create, WindowRequest window) => Add<object>(() => null, create, window).Added!;

    /// <summary>
    /// Adds a new payment under a fresh imp_uid unless <paramref name="refuse"/>, run under the lock just
    /// before, gives a reason not to (e.g. the merchant_uid was paid meanwhile).
    /// </summary>
    public (Entry? Added, TRefusal? Refusal) Add<TRefusal>(Func<TRefusal?> refuse, Func<string, Payment> create, WindowRequest window)
        where TRefusal : class
    {
        lock (_write)
        {
            if (refuse() is { } refusal)
            {
                return (null, refusal);
            }
            while (true)
            {
                var impUid = NewImpUid();
                var entry = new Entry(create(impUid), window) { Sequence = Interlocked.Increment(ref _sequence) };
                if (_payments.TryAdd(impUid, entry))
                {
                    var merchantUid = entry.Payment.MerchantUid;
                    _byMerchant[merchantUid] = _byMerchant.TryGetValue(merchantUid, out var list) ? list.Add(impUid) : [impUid];
                    return (entry, null);
                }
            }
        }
    }

    /// <summary>Changes one payment as <paramref name="change"/> says, under the lock; null when there is no such payment.</summary>
    public Entry? Update(string impUid, Func<Entry, Payment> change) =>
        Update<object>(impUid, entry => Change<object>.To(change(entry))).Updated;

    /// <summary>
    /// Changes one payment: <paramref name="change"/> sees its current entry under the lock and returns the new
    /// payment or a refusal. Bookkeeping the change does beside the payment (a receipt, a billing key) is atomic
    /// with it. Both results are null when there is no such payment.
    /// </summary>
    public (Entry? Updated, TRefusal? Refusal) Update<TRefusal>(string impUid, Func<Entry, Change<TRefusal>> change)
        where TRefusal : class
    {
        lock (_write)
        {
            if (Find(impUid) is not { } entry)
            {
                return (null, null);
            }
            var decided = change(entry);
            if (decided.Next is not { } next)
            {
                return (null, decided.Refusal);
            }
            var updated = new Entry(next, entry.Window) { Sequence = entry.Sequence };
            _payments[impUid] = updated;
            return (updated, null);
        }
    }

    public Prepared? FindPrepared(string merchantUid) => _prepared.TryGetValue(merchantUid, out var p) ? p : null;

    public bool TryAddPrepared(Prepared prepared) => _prepared.TryAdd(prepared.MerchantUid, prepared);

    public bool TryUpdatePrepared(Prepared prepared)
    {
        if (!_prepared.ContainsKey(prepared.MerchantUid))
        {
            return false;
        }
        _prepared[prepared.MerchantUid] = prepared;
        return true;
    }

    public void Clear()
    {
        lock (_write)
        {
            _payments.Clear();
            _byMerchant.Clear();
            _prepared.Clear();
        }
    }

    private static string NewImpUid() =>
        "imp_" + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)
               + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
