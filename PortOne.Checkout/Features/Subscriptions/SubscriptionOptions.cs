using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>The <c>Subscriptions</c> configuration section.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    /// <summary>
    /// After the n-th declined attempt of a cycle, the next one waits RetryDelays[n-1]; when the list is
    /// used up the subscription is suspended. Default: again after 1 day, then after 3 more days.
    /// </summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>Hour of the day (Korean time) at which scheduled charges run.</summary>
    [Range(0, 23, ErrorMessage = "Subscriptions:ChargeHour must be between 0 and 23.")]
    public int ChargeHour { get; set; } = 10;

    /// <summary>How far ahead a shopper may put the first charge.</summary>
    [Range(0, 365, ErrorMessage = "Subscriptions:MaxFirstChargeDays must be between 0 and 365.")]
    public int MaxFirstChargeDays { get; set; } = 60;

    /// <summary>Off only for tests that drive <see cref="SubscriptionUpkeep.RunOnceAsync"/> themselves.</summary>
    public bool UpkeepEnabled { get; set; } = true;

    /// <summary>How often the upkeep sweep re-drives every live subscription (a lost webhook, a crash mid-step).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Subscriptions:UpkeepInterval must be between 1 second and 1 day.")]
    public TimeSpan UpkeepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many times a billing key PortOne would not delete (card changed, subscription cancelled) is tried
    /// in all, the first try included, before staff are told to delete it in PortOne's console.
    /// </summary>
    [Range(1, 20, ErrorMessage = "Subscriptions:KeyDeletionAttempts must be between 1 and 20.")]
    public int KeyDeletionAttempts { get; set; } = 6;

    /// <summary>The pause after the first failed deletion; each later pause is twice the one before (at most a day).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Subscriptions:KeyDeletionFirstRetry must be between 1 second and 1 day.")]
    public TimeSpan KeyDeletionFirstRetry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Configuration binding appends to a list default, so the default is applied here instead.</summary>
    public IReadOnlyList<TimeSpan> Retries => RetryDelays.Count > 0 ? RetryDelays : [TimeSpan.FromDays(1), TimeSpan.FromDays(3)];
}

public sealed class SubscriptionOptionsValidator : IValidateOptions<SubscriptionOptions>
{
    public ValidateOptionsResult Validate(string? name, SubscriptionOptions options) =>
        options.RetryDelays.Any(d => d < TimeSpan.FromMinutes(1) || d > TimeSpan.FromDays(30)) || options.RetryDelays.Count > 10
            ? ValidateOptionsResult.Fail("Subscriptions:RetryDelays must hold at most 10 delays, each between 1 minute and 30 days (e.g. 1.00:00:00, 3.00:00:00).")
            : ValidateOptionsResult.Success;
}
