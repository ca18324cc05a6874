using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// Limits sign-in attempts with .NET's partitioned rate limiters, chained: one pair of fixed windows
/// per client address and one per user name, and an attempt needs a permit from all four. The
/// check runs in the sign-in form's handler, before the password is hashed, because the user name
/// is in the posted form (a middleware policy only sees the request line) and because the person
/// must get the sign-in page back with a message, not a bare status.
/// </summary>
public sealed partial class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<SignInAttempt>[] _windows;
    private readonly PartitionedRateLimiter<SignInAttempt> _limiter;

    private readonly ILogger<SignInThrottle> _logger;

    public SignInThrottle(IOptions<AdminOptions> options, ILogger<SignInThrottle> logger)
    {
        _logger = logger;
        var limits = options.Value.SignInLimits;
        _windows =
        [
            Windows(a => a.Address, limits.Attempts, limits.Window),
            Windows(a => a.Address, limits.LongAttempts, limits.LongWindow),
            Windows(a => a.UserName, limits.Attempts, limits.Window),
            Windows(a => a.UserName, limits.LongAttempts, limits.LongWindow),
        ];
        _limiter = PartitionedRateLimiter.CreateChained(_windows);
    }

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? Wait(IPAddress? address, string userName)
    {
        // An IPv6 client owns a whole /64: keyed per address it could rotate past the limit.
        using var lease = _limiter.AttemptAcquire(new SignInAttempt(Hosting.RateLimits.ClientKey(address), userName.Trim().ToLowerInvariant()));
        if (lease.IsAcquired)
        {
            return null;
        }
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
        LogThrottled(_logger, address, wait);
        return wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in from {Address} throttled for {Wait}")]
    private static partial void LogThrottled(ILogger logger, IPAddress? address, TimeSpan wait);

    private static PartitionedRateLimiter<SignInAttempt> Windows(Func<SignInAttempt, string> key, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<SignInAttempt, string>(attempt => RateLimitPartition.GetFixedWindowLimiter(key(attempt), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        // The chain does not own the limiters it chains.
        _limiter.Dispose();
        foreach (var window in _windows)
        {
            window.Dispose();
        }
    }

    private sealed record SignInAttempt(string Address, string UserName);
}
