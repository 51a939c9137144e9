import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(IPVLANPlugin())
