namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Holds the one PortOne access token this process uses. Expiry is measured on our own clock from
/// PortOne's <c>expired_at - now</c>, so a skewed server clock does not matter; the token is
/// replaced a minute early, by one caller while the others wait for its result.
/// </summary>
public sealed class PortOneTokenCache(TimeProvider time) : IDisposable
{
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _current;

    public async ValueTask<string> GetAsync(Func<CancellationToken, Task<IssuedToken>> issueAsync, CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } token)
        {
            return token;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_current) is { } refreshedByAnother)
            {
                return refreshedByAnother;
            }
            var issued = await issueAsync(cancellationToken);
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, issued.ExpiredAt - issued.Now));
            _current = new CachedToken(issued.AccessToken, time.GetUtcNow() + lifetime);
            return issued.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets a token PortOne refused, unless another caller already replaced it.</summary>
    public void Invalidate(string refusedToken)
    {
        var current = _current;
        if (current is not null && current.AccessToken == refusedToken)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    /// <summary>The container disposes the singleton at shutdown; the semaphore goes with it.</summary>
    public void Dispose() => _refresh.Dispose();

    private string? Fresh(CachedToken? token) =>
        token is not null && time.GetUtcNow() < token.ExpiresAt - RefreshMargin ? token.AccessToken : null;

    private sealed record CachedToken(string AccessToken, DateTimeOffset ExpiresAt);
}

/// <summary>What <c>POST /users/getToken</c> answers: the token, PortOne's clock and the expiry on it.</summary>
public sealed record IssuedToken(string AccessToken, long Now, long ExpiredAt);
