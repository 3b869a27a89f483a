using Harness.Properties.Oracle;

namespace Harness.Properties.Generators;

/// <summary>What the command generators of one configuration need: its geometry (the oracle's) and the layer's generator set.</summary>
public sealed class GenContext
{
    public GenContext(HarnessConfig config)
    {
        Config = config;
        Geometry = new SpecGeometry((int)config.Granule, config.IaBits);
        Shapes = new Shapes(Geometry);
        if (config.Layer == Layer.Stage2)
        {
            Stage2 = new Stage2Generators(Shapes);
        }
        else
        {
            Host = new HostGenerators(Shapes, config.Memory);
        }
    }

    public HarnessConfig Config { get; }

    public SpecGeometry Geometry { get; }

    public Shapes Shapes { get; }

    public Stage2Generators? Stage2 { get; }

    public HostGenerators? Host { get; }
}
