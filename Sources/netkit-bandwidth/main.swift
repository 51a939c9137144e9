import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(BandwidthPlugin())
