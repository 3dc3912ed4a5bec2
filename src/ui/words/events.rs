//! The words of the event log. The events themselves (type, reason, message) are the
//! cluster's and stay as kubectl prints them.

crate::messages! {
    pub enum EventsText {
        Region => "Events", "事件";
        Title => "Events", "事件";
        NewestOf => " (newest {shown} of {total})", "（最新 {shown} 条，共 {total} 条）";
        None => "No events yet.", "还没有事件。";
        NoneMatch => "No event names an object matching “{filter}”.", "没有事件涉及匹配“{filter}”的对象。";
        Filter => "Filter by object", "按对象筛选";
        FilterPlaceholder => "e.g. pod/myapp-0", "例如 pod/myapp-0";
        ClearFilter => "Clear filter", "清除筛选";
        ShowObject => "Show {object} in the cluster", "在集群中显示 {object}";
    }
}
