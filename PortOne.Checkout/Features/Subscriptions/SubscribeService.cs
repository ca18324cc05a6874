using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>Thrown for a sign-up the server will not take; the message is shown to the shopper.</summary>
public sealed class SubscribeRejectedException(string message) : Exception(message);

public sealed record StartedSubscription(Subscription Subscription, JsonObject RequestPayParams);

/// <summary>
/// The shopper's side: signs up to a plan (priced by the catalog, consent required) and builds the
/// parameters of the non-authenticated window that registers the card. No money moves in that window.
/// </summary>
public sealed class SubscribeService(CatalogStore catalog, SubscriptionStore store, SubscriptionBilling billing, PortOneConnection connection,
    PublicUrls urls, IOptions<SubscriptionOptions> options, IStringLocalizer<Strings> l)
{
    public Task<IReadOnlyList<Product>> PlansAsync(CancellationToken cancellationToken = default) => catalog.ListPlansAsync(cancellationToken);

    public Task<Product?> PlanAsync(string sku, CancellationToken cancellationToken = default) => catalog.FindPlanAsync(sku, cancellationToken);

    public DateOnly Today => billing.TodayInSeoul;

    public DateOnly LastFirstChargeDate => Today.AddDays(options.Value.MaxFirstChargeDays);

    /// <summary>
    /// The recurring-billing consent as shown and stored: amount, cycle, first and next charge date, and how to
    /// cancel (자동결제 동의; 전자상거래법 and the card companies' rules for recurring payments).
    /// </summary>
    public string ConsentText(Product plan, DateOnly firstChargeDate)
    {
        var cycle = plan.CycleMonths ?? 1;
        var second = firstChargeDate.AddMonths(cycle);
        return l["SubscribeConsentText", plan.Name(Strings.IsEnglish), Money.Won(plan.Price),
            cycle == 1 ? l["SubscribeEveryMonth"] : l["SubscribeEveryMonths", cycle],
            Date(firstChargeDate), Date(second), options.Value.ChargeHour];
    }

    public static string Date(DateOnly date) => Strings.IsEnglish
        ? date.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en"))
        : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Signs up and returns the card window's parameters; refused without consent, with a bad buyer or date.</summary>
    public async Task<StartedSubscription> StartAsync(string sku, BuyerDetails buyer, DateOnly firstChargeDate, bool consented,
        CancellationToken cancellationToken = default)
    {
        if (!consented)
        {
            throw new SubscribeRejectedException(l["SubscribeErrorConsent"]);
        }
        if (await catalog.FindPlanAsync(sku, cancellationToken) is not { } plan)
        {
            throw new SubscribeRejectedException(l["ErrorNotOnSale"]);
        }
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(buyer, new ValidationContext(buyer), problems, validateAllProperties: true))
        {
            throw new SubscribeRejectedException(string.Join(" ", problems.Select(p => p.ErrorMessage)));
        }
        if (firstChargeDate < Today || firstChargeDate > LastFirstChargeDate)
        {
            throw new SubscribeRejectedException(l["SubscribeErrorDate", Date(Today), Date(LastFirstChargeDate)]);
        }
        var subscription = await store.CreateAsync(new NewSubscription(plan.Id, plan.NameKo, plan.Price, plan.CycleMonths ?? 1,
            firstChargeDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), buyer.Name.Trim(), buyer.Email.Trim(), buyer.Tel.Trim(),
            buyer.Addr.Trim(), buyer.Postcode.Trim(), ConsentText(plan, firstChargeDate)), cancellationToken);
        return new StartedSubscription(subscription, CardWindowParams(subscription, l["SubscribeWindowName", plan.NameKo]));
    }

    /// <summary>A new key id for the card-change window; the current card stays in use until PortOne confirms the new one.</summary>
    public async Task<JsonObject> ChangeCardAsync(Subscription subscription, CancellationToken cancellationToken = default)
    {
        await store.NewPendingCardAsync(subscription.Id, cancellationToken);
        var current = (await store.FindAsync(subscription.Id, cancellationToken))!;
        return CardWindowParams(current, l["SubscribeChangeCardWindowName", current.PlanName]);
    }

    /// <summary>
    /// The billing-key window exactly as the TossPayments guide shows it: the billing channel, card only, amount 0,
    /// our unguessable customer_uid and our customer_id, and m_redirect_url for phones (the management page, which
    /// confirms the key with PortOne before it believes anything).
    /// </summary>
    public JsonObject CardWindowParams(Subscription subscription, string name)
    {
        var channel = connection.BillingChannel;
        return new JsonObject
        {
            [channel.SdkKey] = channel.Value,
            ["pay_method"] = "card",
            // The window's own payment (amount 0) is no order of ours; it only has to be unique at PortOne.
            ["merchant_uid"] = "subkey-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ["name"] = name.Length <= 40 ? name : name[..40],
            ["amount"] = 0,
            ["customer_uid"] = subscription.PendingCustomerUid,
            ["customer_id"] = subscription.CustomerId,
            ["buyer_name"] = subscription.BuyerName,
            ["buyer_email"] = subscription.BuyerEmail,
            ["buyer_tel"] = subscription.BuyerTel,
            ["buyer_addr"] = subscription.BuyerAddr,
            ["buyer_postcode"] = subscription.BuyerPostcode,
            ["m_redirect_url"] = urls.Absolute(ManageLink(subscription)),
        };
    }

    /// <summary>The shopper's secret management link, like an order link.</summary>
    public static string ManageLink(Subscription subscription) =>
        $"subscriptions/manage/{Uri.EscapeDataString(subscription.PublicId)}?key={Uri.EscapeDataString(subscription.AccessKey)}";

    /// <summary>Constant-time comparison, so the key cannot be found one character at a time.</summary>
    public static bool Allows(Subscription subscription, string? key) =>
        key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(subscription.AccessKey), Encoding.UTF8.GetBytes(key));
}
