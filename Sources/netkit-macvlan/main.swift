import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(MACVLANPlugin())
