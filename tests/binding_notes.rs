//! The tutorial notes' static volumes: claims pick the smallest volume that fits.

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

#[test]
fn notes_claims_bind_pv003_then_pv002() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create(&mut cluster, testkit::NOTES_PV_DEMO);
    create(
        &mut cluster,
        &claim_yaml("myappdata-myapp-0", "2Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("myappdata-myapp-1", "2Gi", "ReadWriteOnce", ""),
    );
    expect![[r#"
        pv001 10Gi RWO,RWX Retain Available - -
        pv002 5Gi RWO,RWX Retain Bound default/myappdata-myapp-1 -
        pv003 2Gi RWO,RWX Retain Bound default/myappdata-myapp-0 -
        pv004 20Gi RWO,RWX Retain Available - -
        pv005 10Gi RWO,RWX Retain Available - -

        default/myappdata-myapp-0 Bound pv003 2Gi RWO,RWX <unset>
        default/myappdata-myapp-1 Bound pv002 5Gi RWO,RWX <unset>

    "#]]
    .assert_eq(&state(&cluster));
}
