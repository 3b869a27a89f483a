namespace Harness.Properties;

/// <summary>Which API a run drives: the raw stage-2 page table, or the pKVM host stage 2 on top of it.</summary>
public enum Layer
{
    Stage2,
    Host,
}
