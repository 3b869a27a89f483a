using Harness.Implementation;

namespace Harness.Properties;

/// <summary>
/// Where each deliberate bug of <see cref="BugCatalogue"/> acts, so that a campaign hunting it drives the
/// code it breaks: the host layer for the identity map and donation, a 48-bit IPA for a block at level 0,
/// the stage2 layer's defaults for the rest.
/// </summary>
public static class BugConfig
{
    public static HarnessConfig For(Bug bug)
    {
        var home = bug switch
        {
            Bug.IdmapIgnoresAnnotations or Bug.IdmapCrossesRegion or Bug.DonateSkipsRegionCheck or Bug.RangeIsMemoryChecksEnd => HarnessConfig.HostDefault,
            // Only a donation that checks ownership can skip the check.
            Bug.DonateSkipsOwnershipCheck => HarnessConfig.HostDefault with { Fixes = HarnessConfig.CampaignFixes | Fix.DonateChecksOwner },
            // 4K granule, 48-bit IPA starts at level 0, the one level with no blocks.
            Bug.BlockAtForbiddenLevel => HarnessConfig.Stage2Default with { IaBits = 48 },
            _ => HarnessConfig.Stage2Default,
        };
        return home.WithBugs(bug);
    }
}
